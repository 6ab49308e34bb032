package io.tocsin.collector.mail;

import io.tocsin.collector.clamd.Clamd;
import java.io.InputStream;
import java.time.Duration;

/**
 * A second process for tests: collects (dry run) every message at {@code args[0]}, scanning with
 * clamd at {@code args[1]} if given, and prints one JSON line per message.
 */
public final class CollectMain {

    private CollectMain() {
    }

    public static void main(String[] args) throws Exception {
        MailCollector.Builder b = MailCollector.builder().dryRun(true);
        if (args.length > 1) {
            b.clamd(Clamd.at(args[1], Duration.ofSeconds(120)));
        }
        MailCollector collector = b.build();
        Mailboxes.read(args[0], System.in, new MessageSink() {
            @Override
            public void message(String label, InputStream message) {
                System.out.println(collector.collect(label, message).toJson());
            }

            @Override
            public void unreadable(String label, String error) {
                System.out.println(label + " " + error);
            }
        });
        Runtime rt = Runtime.getRuntime();
        System.out.println("max heap " + rt.maxMemory());
    }
}
