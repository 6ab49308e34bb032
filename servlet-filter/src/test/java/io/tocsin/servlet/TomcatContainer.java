package io.tocsin.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat as a {@link Container}: Tomcat 11 (Servlet 6.1) here; the same class runs Tomcat
 * 10.1 (Servlet 6.0) in {@code compat-servlet60}, whose embedding API is the same.
 */
final class TomcatContainer {

    private TomcatContainer() {
    }

    /** Tomcat 11, on a free port of 127.0.0.1. */
    static Container start(Filter filter, HttpServlet servlet) {
        Path base;
        try {
            base = Files.createTempDirectory("tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "site", servlet);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/", "site");
        if (filter != null) {
            FilterDef def = new FilterDef();
            def.setFilterName("tocsin");
            def.setFilter(filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("tocsin");
            map.addURLPattern("/*");
            map.setDispatcher(DispatcherType.REQUEST.name());
            map.setDispatcher(DispatcherType.ASYNC.name());
            map.setDispatcher(DispatcherType.ERROR.name());
            context.addFilterMap(map);
        }
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return new Container() {
            @Override
            public int port() {
                return tomcat.getConnector().getLocalPort();
            }

            @Override
            public void close() {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (LifecycleException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
