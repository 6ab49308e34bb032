package io.tocsin.benchmarks.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One line naming the machine, the JDK, the load and the date, printed with every figure. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // keep "unknown CPU"
        }
        String load = "?";
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            load = parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            // keep "?"
        }
        return String.format("%s, %d cores, %s %s (%s), load average %s, %s",
                cpu, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                load, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The 1-minute load average now, or "?" where the system does not tell. */
    public static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * The kernel's count of UDP datagrams dropped because a socket's receive buffer was full
     * ({@code RcvbufErrors} on the {@code Udp:} line of {@code /proc/net/snmp}), or -1 where it cannot be read.
     */
    public static long udpRcvbufErrors() {
        try {
            java.util.List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    java.util.List<String> names = java.util.List.of(lines.get(i).trim().split("\\s+"));
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    return Long.parseLong(values[names.indexOf("RcvbufErrors")]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** The JVM's own command line, for the report. */
    public static String jvmArgs() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
