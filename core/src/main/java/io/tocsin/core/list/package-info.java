/** The {@code list} source: addresses and CIDR ranges written into the configuration. */
package io.tocsin.core.list;
