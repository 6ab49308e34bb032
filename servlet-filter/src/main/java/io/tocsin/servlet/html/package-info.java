/**
 * Reading HTML without parsing it whole: finding a page's opening body tag in a stream of bytes, as
 * the HTML5 tokenizer would.
 */
package io.tocsin.servlet.html;
