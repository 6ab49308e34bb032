/** The runnable demo: a small portal behind the Tocsin filter ({@code serve}) and the {@code check} command. */
package io.tocsin.demo;
