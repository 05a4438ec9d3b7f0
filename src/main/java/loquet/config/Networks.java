package loquet.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A set of IPv4 and IPv6 addresses and CIDR ranges, such as the reverse proxies Loquet
 * believes. Only literal addresses are read: a host name is refused, never looked up.
 */
public final class Networks {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    public static final Networks NONE = new Networks(List.of());
    /** The loopback proxy: 127.0.0.0/8 and ::1. */
    public static final Networks LOOPBACK = parse("127.0.0.0/8, ::1");

    private final List<Range> ranges;

    private Networks(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Reads a comma-separated list such as {@code 10.0.0.0/8, 192.168.1.7, fd00::/8, ::1}.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or a range
     */
    public static Networks parse(String list) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String text = entry.strip();
            if (!text.isEmpty()) {
                ranges.add(Range.parse(text));
            }
        }
        return new Networks(ranges);
    }

    /** Both sets together. */
    public Networks and(Networks other) {
        return new Networks(Stream.concat(ranges.stream(), other.ranges.stream()).distinct().toList());
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * A literal IPv4 or IPv6 address (IPv6 may be in brackets; no zone), or empty for anything
     * else. Never a DNS lookup. An IPv4-mapped IPv6 address is read as its IPv4 address.
     */
    public static Optional<InetAddress> address(String text) {
        String literal = text.length() > 2 && text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            if (IPV4.matcher(literal).matches()) {
                byte[] bytes = new byte[4];
                String[] parts = literal.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) part;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (IPV6.matcher(literal).matches()) {
                // In brackets, InetAddress reads an IPv6 literal or fails: it never asks DNS.
                return Optional.of(InetAddress.getByName("[" + literal + "]"));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** One spelling per address: dotted IPv4, IPv6 in the short form of RFC 5952 (lower case, longest zero run as ::). */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        var text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Networks networks && ranges.equals(networks.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** The ranges as CIDR, comma-separated ("" when none). */
    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(", "));
    }

    /** The addresses whose first {@code length} bits are those of {@code prefix}. */
    private record Range(InetAddress prefix, int length) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            Optional<InetAddress> address = text.startsWith("[") ? Optional.empty() : Networks.address(slash < 0 ? text : text.substring(0, slash));
            if (address.isEmpty()) {
                throw new IllegalArgumentException("not an address or CIDR range: " + text);
            }
            int bits = address.get().getAddress().length * 8;
            if (slash < 0) {
                return new Range(address.get(), bits);
            }
            String prefix = text.substring(slash + 1);
            if (!PREFIX.matcher(prefix).matches() || Integer.parseInt(prefix) > bits) {
                throw new IllegalArgumentException("not an address or CIDR range: " + text + " (the prefix length goes from 0 to " + bits + ")");
            }
            var range = new Range(address.get(), Integer.parseInt(prefix));
            String network = range.network();
            if (!network.equals(range.toString())) {
                throw new IllegalArgumentException("not an address or CIDR range: " + text + " (bits are set after the first " + prefix
                        + "; did you mean " + network + "?)");
            }
            return range;
        }

        boolean contains(byte[] address) {
            byte[] network = prefix.getAddress();
            if (address.length != network.length) {
                return false;
            }
            int full = length / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = length % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        /** The range with the bits after the prefix cleared, as CIDR. */
        private String network() {
            byte[] bytes = prefix.getAddress();
            for (int bit = length; bit < bytes.length * 8; bit++) {
                bytes[bit / 8] &= (byte) ~(0x80 >>> bit % 8);
            }
            try {
                return Networks.text(InetAddress.getByAddress(bytes)) + "/" + length;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return Networks.text(prefix) + "/" + length;
        }
    }
}
