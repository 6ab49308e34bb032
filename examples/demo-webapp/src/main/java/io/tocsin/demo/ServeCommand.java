package io.tocsin.demo;

import java.io.PrintStream;
import java.util.List;

/** Placeholder until the servlet-filter work lands the embedded Jetty server. */
final class ServeCommand {

    private ServeCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("tocsin serve: not available in this build");
        return 2;
    }
}
