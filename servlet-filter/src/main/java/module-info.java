/**
 * Tocsin's Jakarta Servlet filter: {@link io.tocsin.servlet.TocsinFilter}, its
 * {@link io.tocsin.servlet.FilterOptions}, {@link io.tocsin.servlet.Mode}s,
 * {@link io.tocsin.servlet.Branding} and the {@link io.tocsin.servlet.NoticeListener} hook. Everything
 * else (the acknowledgement cookie, client address, HTML scanning, notice rendering) is inside.
 */
module io.tocsin.servlet {
    requires transitive io.tocsin.core;
    requires transitive jakarta.servlet;

    exports io.tocsin.servlet;
}
