package io.tocsin.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Just enough of a container's response for unit tests of the response wrapper: body bytes, status, headers. */
final class FakeResponse {

    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final Map<String, String> headers = new LinkedHashMap<>();
    int status = 200;
    String contentType;
    String charset;
    int flushes;

    final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            FakeResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "getOutputStream": return this.stream;
                    case "setContentType":
                        contentType = (String) args[0];
                        int at = contentType == null ? -1 : contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
                        if (at >= 0) {
                            charset = contentType.substring(at + 8).trim();
                        }
                        return null;
                    case "getContentType": return contentType;
                    case "setCharacterEncoding": charset = (String) args[0]; return null;
                    case "getCharacterEncoding": return charset == null ? "ISO-8859-1" : charset;
                    case "setStatus": status = (Integer) args[0]; return null;
                    case "getStatus": return status;
                    case "setHeader":
                    case "addHeader":
                        if (args[1] == null) {
                            headers.remove(((String) args[0]).toLowerCase(Locale.ROOT));
                        } else {
                            headers.put(((String) args[0]).toLowerCase(Locale.ROOT), (String) args[1]);
                        }
                        return null;
                    case "setDateHeader":
                    case "addDateHeader":
                        headers.put(((String) args[0]).toLowerCase(Locale.ROOT), "date:" + args[1]);
                        return null;
                    case "getHeader": return headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getHeaders": {
                        String v = headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        return v == null ? java.util.List.of() : java.util.List.of(v);
                    }
                    case "containsHeader": return headers.containsKey(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "setContentLength":
                    case "setContentLengthLong":
                        long len = ((Number) args[0]).longValue();
                        if (len < 0) {
                            headers.remove("content-length");
                        } else {
                            headers.put("content-length", Long.toString(len));
                        }
                        return null;
                    case "isCommitted": return false;
                    case "resetBuffer": body.reset(); return null;
                    case "reset": body.reset(); headers.clear(); status = 200; contentType = null; charset = null; return null;
                    case "flushBuffer": flushes++; return null;
                    case "hashCode": return System.identityHashCode(proxy);
                    case "equals": return proxy == args[0];
                    case "toString": return "FakeResponse";
                    default: throw new UnsupportedOperationException(method.getName());
                }
            });

    private final ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    };
}
