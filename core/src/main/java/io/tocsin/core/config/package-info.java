/** The flat {@code tocsin.*} configuration keys: typed reading with errors that name key and value, and the checker's keys. */
package io.tocsin.core.config;
