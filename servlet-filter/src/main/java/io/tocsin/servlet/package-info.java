/**
 * The Jakarta Servlet filter that tells infected visitors: {@link io.tocsin.servlet.TocsinFilter},
 * its {@link io.tocsin.servlet.FilterOptions}, the {@link io.tocsin.servlet.Mode}s, the notice page's
 * {@link io.tocsin.servlet.Branding} and the {@link io.tocsin.servlet.NoticeListener} metrics hook.
 *
 * <p>Inside, a request goes one way: {@code TocsinFilter} hands it to {@code RequestHandler}, which
 * makes one {@code Visit} (path, address, verdict, acknowledgement, language, links); a request for
 * Tocsin's own path goes to {@code Endpoints}, any other gets the {@code Action} its mode decides
 * ({@code Action.decide}) and passes on, gets a banner ({@code BannerResponse}), a redirect or a block
 * page ({@code Endpoints}).
 */
package io.tocsin.servlet;
