/**
 * Reading and writing HTML without parsing it whole: finding a page's opening body tag in a stream of
 * bytes, and escaping untrusted text.
 */
package io.tocsin.servlet.html;
