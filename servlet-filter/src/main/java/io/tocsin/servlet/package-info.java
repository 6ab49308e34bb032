/**
 * The Jakarta Servlet filter that tells infected visitors: {@link io.tocsin.servlet.TocsinFilter},
 * its {@link io.tocsin.servlet.FilterOptions}, the {@link io.tocsin.servlet.Mode}s and the
 * {@link io.tocsin.servlet.NoticeListener} metrics hook.
 */
package io.tocsin.servlet;
