package io.tocsin.publisher.zone;

import io.tocsin.core.ip.IpRange;
import io.tocsin.publisher.PublishCodes;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes one publication: {@code NAME.ip4set} and {@code NAME.ip6trie} (rbldnsd data: {@code
 * CIDR :A:TXT} lines) and {@code NAME.txt} (a plain feed: one address or CIDR block a line, {@code #}
 * comments). Each file is written beside its target, flushed to disk and renamed over it, so a reader
 * such as rbldnsd sees the old file or the new one, never half of one; and a file whose content did
 * not change is left alone (rbldnsd reloads on a changed modification time, and mirrors fetch less).
 *
 * <p>The files hold no time stamp, so that the same list always makes the same bytes. The RFC 5782
 * test point 127.0.0.2 heads the ip4set data (rbldnsd answers the IPv4-mapped IPv6 test point
 * {@code ::ffff:7f00:2} from it too); the feed has no test point, which is a DNS convention.
 */
final class ZoneFiles {

    /** The feed's first line, where the next run reads this run's size from (for the growth check). */
    static final String SIZE_LINE = "# tocsin-publish size=";

    private ZoneFiles() {
    }

    /** Which files were rewritten. */
    record Written(boolean ip4set, boolean ip6trie, boolean feed) {
        boolean any() {
            return ip4set || ip6trie || feed;
        }
    }

    static Written write(Path dir, String zone, List<ZoneEntry> entries, PublishCodes codes, double size) throws IOException {
        Files.createDirectories(dir);
        List<ZoneEntry> v4 = new ArrayList<>();
        List<ZoneEntry> v6 = new ArrayList<>();
        for (ZoneEntry e : entries) {
            (e.range().isIpv4() ? v4 : v6).add(e);
        }
        boolean ip4 = replace(dir.resolve(zone + ".ip4set"), out -> {
            out.write("# " + zone + ": rbldnsd ip4set data published by Tocsin; " + count(v4) + "\n");
            out.write("127.0.0.2 :127.0.0.2:RFC 5782 test point\n");
            writeZone(out, v4, codes);
        });
        boolean ip6 = replace(dir.resolve(zone + ".ip6trie"), out -> {
            out.write("# " + zone + ": rbldnsd ip6trie data published by Tocsin; " + count(v6) + "\n");
            writeZone(out, v6, codes);
        });
        boolean feed = replace(dir.resolve(zone + ".txt"), out -> {
            out.write(SIZE_LINE + String.format(Locale.ROOT, "%.0f", size) + " entries=" + entries.size() + "\n");
            out.write("# " + zone + ": addresses published by Tocsin, one address or CIDR block a line\n");
            for (ZoneEntry e : entries) {
                for (IpRange block : Cidrs.of(e.range())) {
                    out.write(block.toString());
                    out.write('\n');
                }
            }
        });
        return new Written(ip4, ip6, feed);
    }

    /** The size the feed in {@code dir} was published with, or -1 when there is none. */
    static double previousSize(Path dir, String zone) {
        try (BufferedReader in = Files.newBufferedReader(dir.resolve(zone + ".txt"), StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first != null && first.startsWith(SIZE_LINE)) {
                String value = first.substring(SIZE_LINE.length()).split(" ")[0];
                return Double.parseDouble(value);
            }
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            // an unreadable or foreign file: as if there were none
        }
        return -1;
    }

    private static String count(List<ZoneEntry> entries) {
        return entries.size() + (entries.size() == 1 ? " entry" : " entries");
    }

    private static void writeZone(Writer out, List<ZoneEntry> entries, PublishCodes codes) throws IOException {
        for (ZoneEntry e : entries) {
            String value = " :" + codes.code(e.category()) + ":" + rbldnsdText(e.text()) + "\n";
            for (IpRange block : Cidrs.of(e.range())) {
                out.write(block.toString());
                out.write(value);
            }
        }
    }

    /**
     * A TXT text as rbldnsd data: one line, no {@code $} (rbldnsd puts the queried address there), at
     * most 255 bytes.
     */
    static String rbldnsdText(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '$') {
                continue;
            }
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                cp = ' ';
            }
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > 255) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += n;
        }
        return sb.toString();
    }

    private interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes {@code content} to a temporary file and renames it over {@code target} if it differs; whether it did. */
    private static boolean replace(Path target, Content content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
                 Writer out = new BufferedWriter(new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel),
                         StandardCharsets.UTF_8), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (Files.exists(target) && Files.mismatch(tmp, target) == -1) {
                Files.delete(tmp);
                return false;
            }
            try {
                // rbldnsd drops its privileges before reading: the data must be world-readable
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
