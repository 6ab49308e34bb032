package io.tocsin.servlet;

import io.tocsin.core.Verdict;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The application behind the filter in the integration tests: one path per kind of response the
 * filter must handle. Every response is deterministic, so runs with and without the filter compare
 * byte for byte.
 */
final class TestSite extends HttpServlet {

    /** A page whose head holds several things that look like a body tag but are not. */
    static final String PAGE = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>A <body> in the title</title>\n"
            + "<!-- <body class=\"in-a-comment\"> -->\n"
            + "<script>var s = \"<body>\"; if (a < b && c > d) {}</script>\n"
            + "<style>body > p { color: red }</style>\n"
            + "<template><body>in a template</body></template>\n"
            + "</head>\n<BODY class=\"home a>b\" data-x='<body>'>\n"
            + "<h1>Grüße, café — 10 €</h1>\n<p>Hello <b>world</b>. A fake <body> tag in text comes after the real one.</p>\n"
            + "<textarea><body></textarea>\n</body></html>\n";

    static final String NO_BODY = "<!DOCTYPE html><html><head><title>t</title></head><p>no body tag</p></html>\n";

    private static final long LAST_MODIFIED = 1_700_000_000_000L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        switch (path) {
            case "/page", "/", "/help/faq", "/index.html" -> writer(response, "text/html;charset=UTF-8", PAGE);
            case "/stream" -> stream(response);
            case "/cl" -> {
                byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
                response.setContentType("text/html;charset=UTF-8");
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
            }
            case "/latin1" -> writer(response, "text/html;charset=ISO-8859-1", PAGE.replace("€", "EUR"));
            case "/utf16" -> writer(response, "text/html;charset=UTF-16", PAGE);
            case "/json" -> writer(response, "application/json", "{\"html\":\"<body>\"}\n");
            case "/app.css" -> writer(response, "text/css", "body { margin: 0 }\n");
            case "/attachment" -> {
                response.setHeader("Content-Disposition", "attachment; filename=\"page.html\"");
                writer(response, "text/html;charset=UTF-8", PAGE);
            }
            case "/gzip" -> {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                    gz.write(PAGE.getBytes(StandardCharsets.UTF_8));
                }
                response.setContentType("text/html;charset=UTF-8");
                response.setHeader("Content-Encoding", "gzip");
                response.setContentLength(zipped.size());
                response.getOutputStream().write(zipped.toByteArray());
            }
            case "/etag" -> {
                response.setHeader("ETag", "\"v1\"");
                response.setDateHeader("Last-Modified", LAST_MODIFIED);
                response.setHeader("Cache-Control", "public, max-age=60");
                String inm = request.getHeader("If-None-Match");
                long ims = request.getDateHeader("If-Modified-Since");
                if ("\"v1\"".equals(inm) || ims >= LAST_MODIFIED) {
                    response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                    return;
                }
                writer(response, "text/html;charset=UTF-8", PAGE);
            }
            case "/nobody" -> writer(response, "text/html;charset=UTF-8", NO_BODY);
            case "/big" -> {
                StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><!-- ");
                sb.append("x".repeat(70 * 1024)).append(" --></head><body><p>late body</p></body></html>\n");
                writer(response, "text/html;charset=UTF-8", sb.toString());
            }
            case "/late-type" -> {
                ServletOutputStream out = response.getOutputStream();
                out.write("<!DOCTYPE html><html><head><title>late</title></head>".getBytes(StandardCharsets.UTF_8));
                response.setContentType("text/html;charset=UTF-8");
                out.write("<body><p>late content type</p></body></html>\n".getBytes(StandardCharsets.UTF_8));
            }
            case "/reset" -> {
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<html><body> to be thrown away");
                response.resetBuffer();
                response.getWriter().write(PAGE);
            }
            case "/flush" -> {
                response.setContentType("text/html;charset=UTF-8");
                PrintWriter w = response.getWriter();
                w.write(PAGE.substring(0, 40));
                response.flushBuffer();
                w.write(PAGE.substring(40));
                w.flush();
            }
            case "/error" -> response.sendError(HttpServletResponse.SC_NOT_FOUND, "nothing here");
            case "/redirect" -> response.sendRedirect("/page");
            case "/empty" -> {
                response.setContentType("text/html;charset=UTF-8");
                response.setContentLength(0);
            }
            case "/no-content" -> response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            case "/async" -> {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) async.getResponse();
                        writer(r, "text/html;charset=UTF-8", PAGE);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } finally {
                        async.complete();
                    }
                });
            }
            case "/async-dispatch" -> {
                if (request.getAttribute("dispatched") == null) {
                    request.setAttribute("dispatched", Boolean.TRUE);
                    AsyncContext async = request.startAsync();
                    async.start(async::dispatch);
                } else {
                    writer(response, "text/html;charset=UTF-8", PAGE);
                }
            }
            case "/form" -> {
                String name = request.getParameter("name");
                writer(response, "text/html;charset=UTF-8", "<html><body><p>posted " + (name == null ? "" : name.length()) + "</p></body></html>");
            }
            case "/observe" -> {
                Verdict verdict = (Verdict) request.getAttribute(TocsinFilter.VERDICT_ATTRIBUTE);
                writer(response, "text/plain;charset=UTF-8", verdict == null ? "none" : verdict.ip() + " notify=" + verdict.shouldNotify());
            }
            case "/boom" -> throw new DeliberateFailure("the application failed");
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static void writer(HttpServletResponse response, String type, String text) throws IOException {
        response.setContentType(type);
        PrintWriter w = response.getWriter();
        w.write(text);
        w.flush();
    }

    /** The page through the output stream, a few bytes at a time with flushes, so writes split every tag. */
    private static void stream(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        ServletOutputStream out = response.getOutputStream();
        byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            out.write(bytes, i, Math.min(7, bytes.length - i));
            if (i % 35 == 0) {
                out.flush();
            }
        }
    }
}
