/**
 * The {@code feed} source: a file or an http(s) URL listing IP addresses and CIDR ranges (Spamhaus
 * DROP, FireHOL netsets and the like), reloaded in the background and answered from memory, so that
 * no visitor address ever leaves the process.
 */
package io.tocsin.core.feed;
