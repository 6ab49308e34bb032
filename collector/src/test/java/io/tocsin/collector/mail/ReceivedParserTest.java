package io.tocsin.collector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Received} headers as the MTAs document and write them (values only, folded where the MTA
 * folds), each with the peer address, HELO, reverse DNS and receiving host the parser must find.
 */
class ReceivedParserTest {

    record Row(String mta, String header, String ip, String helo, String rdns, String by) {
        @Override
        public String toString() {
            return mta;
        }
    }

    private static Row row(String mta, String header, String ip, String helo, String rdns, String by) {
        return new Row(mta, header, ip, helo, rdns, by);
    }

    static Stream<Row> headers() {
        return Stream.of(
                // Postfix: from HELO (RDNS [IP]) by HOST (Postfix) with PROTO id QID
                row("postfix", "from pc17 (dsl-66.example.net [192.0.2.66])\r\n\tby mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D\r\n\tfor <bob@example.org>; Tue,  1 Dec 2026 10:00:00 +0000 (UTC)",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx1.example.org"),
                row("postfix unknown rdns", "from pc17 (unknown [192.0.2.66]) by mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", null, "mx1.example.org"),
                row("postfix client port", "from pc17 (dsl-66.example.net [192.0.2.66]:54321) by mx1.example.org (Postfix) with ESMTPS id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx1.example.org"),
                row("postfix IPv6", "from pc17 (dsl-66.example.net [IPv6:2001:db8:1::66]) by mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "2001:db8:1::66", "pc17", "dsl-66.example.net", "mx1.example.org"),
                row("postfix IPv6 with port", "from pc17 (unknown [IPv6:2001:db8:1::66]:54321) by mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "2001:db8:1::66", "pc17", null, "mx1.example.org"),
                row("postfix IPv4-mapped", "from pc17 (unknown [IPv6:::ffff:192.0.2.66]) by mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", null, "mx1.example.org"),
                row("postfix HELO literal", "from [10.0.0.7] (dsl-66.example.net [192.0.2.66]) by mx1.example.org (Postfix) with SMTP id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "[10.0.0.7]", "dsl-66.example.net", "mx1.example.org"),
                row("postfix authenticated", "from pc17 (dsl-66.example.net [192.0.2.66])\n\t(Authenticated sender: alice)\n\tby smtp.example.org (Postfix) with ESMTPSA id 4F1A2B3C4D\n\tfor <bob@example.net>; Tue, 1 Dec 2026 10:00:00 +0000 (UTC)",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "smtp.example.org"),
                row("postfix localhost (amavis reinjection)", "from localhost (localhost [127.0.0.1]) by mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000",
                        "127.0.0.1", "localhost", "localhost", "mx1.example.org"),
                row("postfix pickup", "by mx1.example.org (Postfix, from userid 1000) id 4F1A2B3C4D; Tue, 1 Dec 2026 10:00:00 +0000 (UTC)",
                        null, null, null, "mx1.example.org"),
                // Exim: from RDNS ([IP] helo=HELO) by HOST with PROTO (Exim V) (envelope-from <…>) id ID
                row("exim", "from dsl-66.example.net ([192.0.2.66] helo=pc17)\n\tby mx.example.org with esmtp (Exim 4.96)\n\t(envelope-from <x@example.com>)\n\tid 1tHq2B-000123-AB\n\tfor bob@example.org; Tue, 01 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("exim no rdns", "from [192.0.2.66] (helo=pc17) by mx.example.org with smtp (Exim 4.94.2) (envelope-from <x@example.com>) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                row("exim port logging", "from dsl-66.example.net ([192.0.2.66]:51234 helo=pc17) by mx.example.org with esmtp (Exim 4.96) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("exim port= and IPv6", "from [2001:db8::66] (port=51234 helo=pc17) by mx.example.org with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "2001:db8::66", "pc17", null, "mx.example.org"),
                row("exim IPv6 port", "from dsl-66.example.net ([2001:db8::66]:51234 helo=pc17) by mx.example.org with esmtp (Exim 4.96) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "2001:db8::66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("exim helo equals host", "from dsl-66.example.net ([192.0.2.66]) by mx.example.org with esmtp (Exim 4.96) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "dsl-66.example.net", null, "mx.example.org"),
                row("exim ident", "from [192.0.2.66] (helo=pc17 ident=joe) by mx.example.org with smtp (Exim 4.96) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                row("exim authenticated", "from [192.0.2.66] (helo=pc17) by smtp.example.org with esmtpsa (TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <alice@example.org>) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", null, "smtp.example.org"),
                row("exim local", "from alice by mx.example.org with local (Exim 4.96) (envelope-from <alice@example.org>) id 1tHq2B-000123-AB; Tue, 01 Dec 2026 10:00:00 +0000",
                        null, "alice", null, "mx.example.org"),
                // Sendmail: from HELO (RDNS [IP]) by HOST (8.x/8.x) with PROTO id QID for <rcpt>
                row("sendmail", "from pc17 (dsl-66.example.net [192.0.2.66])\n\tby mx.example.org (8.17.1/8.17.1) with ESMTP id 0B1A2B3C004567\n\tfor <bob@example.org>; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("sendmail no rdns", "from pc17 ([192.0.2.66]) by mx.example.org (8.17.1/8.17.1) with SMTP id 0B1A2B3C004567; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                row("sendmail may be forged", "from pc17 (dsl-66.example.net [192.0.2.66] (may be forged)) by mx.example.org (8.17.1/8.17.1) with ESMTP id 0B1A2B3C004567; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("sendmail ident", "from pc17 (joe@dsl-66.example.net [192.0.2.66]) by mx.example.org (8.17.1/8.17.1) with SMTP id 0B1A2B3C004567; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("sendmail old IDENT:", "from pc17 (IDENT:joe@dsl-66.example.net [192.0.2.66]) by mx.example.org (8.9.3/8.9.3) with SMTP id KAA01234; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("sendmail IPv6", "from pc17 ([IPv6:2001:db8::66]) by mx.example.org (8.17.1/8.17.1) with ESMTP id 0B1A2B3C004567; Tue, 1 Dec 2026 10:00:00 +0100",
                        "2001:db8::66", "pc17", null, "mx.example.org"),
                row("sendmail submit", "(from alice@localhost) by host.example.org (8.17.1/8.17.1/Submit) id 0B1A2B3C004567; Tue, 1 Dec 2026 10:00:00 +0100",
                        null, null, null, "host.example.org"),
                row("sendmail RDNS failed", "from pc17 ([192.0.2.66]) (RDNS failed) by mx.example.org (8.17.1/8.17.1) with SMTP id 0B1A2B3C004567; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                // qmail: from RDNS (HELO helo) (IP) by HOST with SMTP; date
                row("qmail", "from unknown (HELO pc17) (192.0.2.66)\n  by mx.example.org with SMTP; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                row("qmail rdns", "from dsl-66.example.net (HELO pc17) (192.0.2.66) by mx.example.org with SMTP; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("qmail helo equals rdns", "from dsl-66.example.net (192.0.2.66) by mx.example.org with SMTP; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "dsl-66.example.net", null, "mx.example.org"),
                row("qmail ident", "from unknown (HELO pc17) (joe@192.0.2.66) by mx.example.org with SMTP; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                row("qmail smtp-auth patch", "from unknown (HELO pc17) (alice@example.org@192.0.2.66) by smtp.example.org with ESMTPA; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "pc17", null, "smtp.example.org"),
                row("qmail bracketed patch", "from unknown (HELO pc17) ([192.0.2.66]) by mx.example.org with SMTP; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                row("qmail invoked by uid", "(qmail 12345 invoked by uid 89); 1 Dec 2026 10:00:00 -0000",
                        null, null, null, null),
                row("qmail invoked from network", "(qmail 12345 invoked from network); 1 Dec 2026 10:00:00 -0000",
                        null, null, null, null),
                row("ip.port suffix", "from unknown (HELO pc17) (192.0.2.66.51234) by mx.example.org with SMTP; 1 Dec 2026 10:00:00 -0000",
                        "192.0.2.66", "pc17", null, "mx.example.org"),
                // Exchange / IIS SMTPSVC
                row("SMTPSVC", "from pc17 ([192.0.2.66]) by mail.example.org with Microsoft SMTPSVC(6.0.3790.4675);\n\t Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "mail.example.org"),
                row("Exchange 2010", "from pc17 (192.0.2.66) by EXCH01.example.org (10.0.0.5) with Microsoft SMTP Server id 14.3.123.4; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "EXCH01.example.org"),
                row("Exchange 2016 internal", "from EXCH01.example.org (10.0.0.5) by EXCH02.example.org (10.0.0.6) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384) id 15.1.2507.23; Tue, 1 Dec 2026 10:00:00 +0100",
                        "10.0.0.5", "EXCH01.example.org", null, "EXCH02.example.org"),
                row("Exchange Online IPv6 receiver", "from pc17.example.net (192.0.2.66) by AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1::1) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.25; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17.example.net", null, "AM0PR01MB1234.eurprd01.prod.exchangelabs.com"),
                row("Exchange IPv6 peer", "from pc17 (2001:db8::66) by EXCH01.example.org (10.0.0.5) with Microsoft SMTP Server id 14.3.123.4; Tue, 1 Dec 2026 10:00:00 +0100",
                        "2001:db8::66", "pc17", null, "EXCH01.example.org"),
                // CommuniGate Pro
                row("CommuniGate", "from [192.0.2.66] (HELO pc17)\n  by mail.example.org (CommuniGate Pro SMTP 6.3.5)\n  with ESMTP id 123456789 for bob@example.org; Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "mail.example.org"),
                row("CommuniGate verified", "from dsl-66.example.net ([192.0.2.66] verified) by mail.example.org (CommuniGate Pro SMTP 5.2.3) with ESMTP id 1234567; Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", null, "dsl-66.example.net", "mail.example.org"),
                row("CommuniGate account", "from [192.0.2.66] (account alice@example.org HELO pc17) by mail.example.org (CommuniGate Pro SMTP 6.2.1) with ESMTPA id 7654321; Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "mail.example.org"),
                row("CommuniGate WebUser", "from [192.0.2.66] (account alice@example.org) by mail.example.org (CommuniGate Pro WebUser 6.3.5) with HTTP id 7654322 for bob@example.net; Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", null, null, "mail.example.org"),
                // ecelerity (Momentum)
                row("ecelerity", "from [192.0.2.66] ([192.0.2.66:51234] helo=pc17) by mta.example.com (envelope-from <x@example.com>) (ecelerity 4.3.1.999 r(Core:4.3.1.0)) with ESMTP id 12/34-56789-ABCDEF01; Tue, 01 Dec 2026 10:00:00 -0500",
                        "192.0.2.66", "pc17", null, "mta.example.com"),
                row("ecelerity unknown", "from unknown ([192.0.2.66:51234] helo=pc17) by mta.example.com (envelope-from <x@example.com>) (ecelerity 3.6.25.56547 r(Core:3.6.25.0)) with ESMTP id 12/34-56789-ABCDEF01; Tue, 01 Dec 2026 10:00:00 -0500",
                        "192.0.2.66", "pc17", null, "mta.example.com"),
                // Courier
                row("Courier", "from pc17 (dsl-66.example.net [::ffff:192.0.2.66])\n  by mx.example.org with esmtp; Tue, 01 Dec 2026 10:00:00 +0000\n  id 00058024.5E3F8A2B.00001234",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"),
                row("Courier auth", "from pc17 ([::ffff:192.0.2.66])\n  (AUTH: LOGIN alice, TLS: TLSv1.2,256bits,ECDHE-RSA-AES256-GCM-SHA384)\n  by smtp.example.org with ESMTPSA; Tue, 01 Dec 2026 10:00:00 +0000\n  id 00058024.5E3F8A2B.00001235",
                        "192.0.2.66", "pc17", null, "smtp.example.org"),
                row("Courier IPv6", "from pc17 (dsl-66.example.net [2001:db8::66]) by mx.example.org with esmtp; Tue, 01 Dec 2026 10:00:00 +0000 id 00058024.5E3F8A2B.00001236",
                        "2001:db8::66", "pc17", "dsl-66.example.net", "mx.example.org"),
                // MDaemon
                row("MDaemon", "from pc17 [192.0.2.66] by mail.example.org (MDaemon PRO v19.5.3) with ESMTP id md50001234567.msg for <bob@example.org>; Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "pc17", null, "mail.example.org"),
                row("MDaemon IPv6", "from pc17 [2001:db8::66] by mail.example.org (MDaemon PRO v21.0.0) with ESMTPSA id md50001234568.msg; Tue, 01 Dec 2026 10:00:00 +0100",
                        "2001:db8::66", "pc17", null, "mail.example.org"),
                // webmail "with HTTP" hops
                row("SquirrelMail", "from 192.0.2.66 (SquirrelMail authenticated user alice) by webmail.example.org with HTTP; Tue, 1 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", null, null, "webmail.example.org"),
                row("Roundcube", "from 192.0.2.66 (unknown [192.0.2.66]) by webmail.example.org with HTTP (HTTP/1.1 POST); Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", null, null, "webmail.example.org"),
                row("Horde", "from dsl-66.example.net (dsl-66.example.net [192.0.2.66]) by webmail.example.org (Horde Framework) with HTTP; Tue, 01 Dec 2026 10:00:00 +0100",
                        "192.0.2.66", "dsl-66.example.net", "dsl-66.example.net", "webmail.example.org"),
                row("webmail via HTTP", "from [192.0.2.66] by web12345.mail.example.com via HTTP; Tue, 01 Dec 2026 10:00:00 PST",
                        "192.0.2.66", null, null, "web12345.mail.example.com"),
                row("webmail IPv6", "from [2001:db8::66] by webmail.example.org with HTTP; Tue, 01 Dec 2026 10:00:00 +0100",
                        "2001:db8::66", null, null, "webmail.example.org"),
                // fetchmail and other local hops
                row("fetchmail", "from mail.example.org [192.0.2.10] by laptop.example.org with POP3 (fetchmail-6.4.37) for <bob@localhost> (single-drop); Tue, 01 Dec 2026 10:00:00 +0100 (CET)",
                        "192.0.2.10", "mail.example.org", null, "laptop.example.org"),
                row("fetchmail from localhost", "from localhost by laptop.example.org with POP3 (fetchmail-6.4.37) for <bob@localhost> (single-drop); Tue, 01 Dec 2026 10:00:00 +0100 (CET)",
                        null, "localhost", null, "laptop.example.org"),
                row("dovecot lmtp", "from mx1.example.org ([10.0.0.2]) by imap.example.org with LMTP id kP3rCk8BbWVjEgAAcU4e0g (envelope-from <x@example.com>) for <bob@example.org>; Tue, 01 Dec 2026 10:00:00 +0100",
                        "10.0.0.2", "mx1.example.org", null, "imap.example.org"),
                // broken and hostile
                row("no address at all", "from pc17 by mx.example.org with SMTP; Tue, 1 Dec 2026 10:00:00 +0100",
                        null, "pc17", null, "mx.example.org"),
                row("garbage", "))) [[[ ;;; from",
                        null, null, null, null),
                row("hostname is not an address", "from 192.0.2.66.example.com (unknown [192.0.2.67]) by mx.example.org (Postfix) with ESMTP id X; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.67", "192.0.2.66.example.com", null, "mx.example.org"),
                row("literal with junk is not an address", "from pc17 (unknown [192.0.2.66]junk) by mx.example.org (Postfix) with ESMTP id X; Tue, 1 Dec 2026 10:00:00 +0000",
                        null, "pc17", null, "mx.example.org"),
                row("leading zeros are not an address", "from pc17 (unknown [192.000.002.066]) by mx.example.org (Postfix) with ESMTP id X; Tue, 1 Dec 2026 10:00:00 +0000",
                        null, "pc17", null, "mx.example.org"),
                row("upper-case keywords", "FROM pc17 (dsl-66.example.net [192.0.2.66]) BY mx.example.org WITH ESMTP ID 1; Tue, 1 Dec 2026 10:00:00 +0000",
                        "192.0.2.66", "pc17", "dsl-66.example.net", "mx.example.org"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void findsPeerHeloRdnsAndReceiver(Row row) {
        Hop hop = ReceivedParser.parse(row.header());
        assertThat(hop.ip()).as(row.mta() + ": ip").isEqualTo(row.ip() == null ? null : IpAddress.parse(row.ip()));
        assertThat(hop.helo()).as(row.mta() + ": helo").isEqualTo(row.helo());
        assertThat(hop.rdns()).as(row.mta() + ": rdns").isEqualTo(row.rdns());
        assertThat(hop.by()).as(row.mta() + ": by").isEqualTo(row.by());
    }

    @Test
    void theTableIsLargeAndVaried() {
        assertThat(headers().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void authenticationAndLocalHandOversAreMarked() {
        assertThat(ReceivedParser.parse(find("exim authenticated")).auth()).isEqualTo("esmtpsa");
        assertThat(ReceivedParser.parse(find("postfix authenticated")).auth()).isEqualTo("ESMTPSA");
        assertThat(ReceivedParser.parse(find("SquirrelMail")).auth()).isEqualTo("authenticated");
        assertThat(ReceivedParser.parse(find("SquirrelMail")).with()).isEqualTo("HTTP");
        assertThat(ReceivedParser.parse(find("postfix")).auth()).isNull();
        for (String local : List.of("qmail invoked by uid", "postfix pickup", "sendmail submit", "exim local", "fetchmail from localhost")) {
            assertThat(ReceivedParser.parse(find(local)).local()).as(local).isTrue();
        }
        assertThat(ReceivedParser.parse(find("no address at all")).local()).as("a network hop whose address is missing").isFalse();
    }

    private static String find(String mta) {
        return headers().filter(r -> r.mta().equals(mta)).findFirst().orElseThrow().header();
    }
}
