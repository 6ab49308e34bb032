package io.tocsin.demo;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The runnable demo jar: {@code serve} (the default) runs a small portal behind the Tocsin filter;
 * {@code check} looks addresses up and prints one JSON verdict per line; {@code collect} and
 * {@code evidence} gather and manage evidence (see {@link CollectCommand}, {@link EvidenceCommand}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command; the exit status, or 0 for a server that is now running. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("sense")) {
            return SenseCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("check")) {
            return CheckCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("collect")) {
            return CollectCommand.run(args.subList(1, args.size()), System.in, out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("evidence")) {
            return EvidenceCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("publish")) {
            return PublishCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("serve-dns")) {
            return ServeDnsCommand.run(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help"))) {
            out.println("usage: java -jar tocsin-demo.jar [serve] [--port N] [--bind ADDR] [--config FILE]");
            out.println("       java -jar tocsin-demo.jar check [--config FILE] IP...");
            out.println("       java -jar tocsin-demo.jar " + PublishCommand.USAGE.substring("usage: ".length()));
            out.println("       java -jar tocsin-demo.jar " + ServeDnsCommand.USAGE.substring("usage: ".length()));
            out.println("       java -jar tocsin-demo.jar collect [--config FILE] [--dry-run] PATH...");
            out.println("       java -jar tocsin-demo.jar evidence list|add|remove [--config FILE] [IP...]");
            out.println("       java -jar tocsin-demo.jar sense [--config FILE] [--format bind|unbound|dnsmasq|squid] [--follow] [--dry-run] FILE...|-");
            return 0;
        }
        List<String> serveArgs = !args.isEmpty() && args.get(0).equals("serve") ? args.subList(1, args.size()) : args;
        return ServeCommand.run(serveArgs, out, err);
    }
}
