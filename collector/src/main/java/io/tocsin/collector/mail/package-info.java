/**
 * Mail evidence: reads messages (a file, an mbox, a Maildir, a stream), walks their
 * {@code Received} chain to the sending machine's address, takes the verdict from scanner headers
 * or clamd, and records infected senders ({@link io.tocsin.collector.mail.MailCollector}).
 */
package io.tocsin.collector.mail;
