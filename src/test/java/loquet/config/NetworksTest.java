package loquet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void anIpv4RangeHoldsItsFirstAndLastAddressAndNothingAround() {
        var networks = Networks.parse("10.0.0.0/8, 192.168.1.7");
        assertThat(networks.contains(ip("10.0.0.0"))).isTrue();
        assertThat(networks.contains(ip("10.255.255.255"))).isTrue();
        assertThat(networks.contains(ip("9.255.255.255"))).isFalse();
        assertThat(networks.contains(ip("11.0.0.0"))).isFalse();
        assertThat(networks.contains(ip("192.168.1.7"))).isTrue();
        assertThat(networks.contains(ip("192.168.1.6"))).isFalse();
        assertThat(networks.contains(ip("192.168.1.8"))).isFalse();
    }

    @Test
    void aPrefixNotOnAByteBoundaryCutsInsideTheByte() {
        var networks = Networks.parse("172.16.0.0/12, 2001:db8:8000::/33");
        assertThat(networks.contains(ip("172.16.0.0"))).isTrue();
        assertThat(networks.contains(ip("172.31.255.255"))).isTrue();
        assertThat(networks.contains(ip("172.32.0.0"))).isFalse();
        assertThat(networks.contains(ip("172.15.255.255"))).isFalse();
        assertThat(networks.contains(ip("2001:db8:8000::"))).isTrue();
        assertThat(networks.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(networks.contains(ip("2001:db8:7fff:ffff:ffff:ffff:ffff:ffff"))).isFalse();
    }

    @Test
    void anIpv6RangeAndAddress() {
        var networks = Networks.parse("fd00::/8, ::1");
        assertThat(networks.contains(ip("fd00::"))).isTrue();
        assertThat(networks.contains(ip("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(networks.contains(ip("fc00::1"))).isFalse();
        assertThat(networks.contains(ip("fe00::"))).isFalse();
        assertThat(networks.contains(ip("::1"))).isTrue();
        assertThat(networks.contains(ip("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(networks.contains(ip("::2"))).isFalse();
        assertThat(networks.contains(ip("::"))).isFalse();
    }

    @Test
    void prefixZeroHoldsEveryAddressOfItsFamilyOnly() {
        var ipv4 = Networks.parse("0.0.0.0/0");
        assertThat(ipv4.contains(ip("0.0.0.0"))).isTrue();
        assertThat(ipv4.contains(ip("255.255.255.255"))).isTrue();
        assertThat(ipv4.contains(ip("::1"))).isFalse();
        var ipv6 = Networks.parse("::/0");
        assertThat(ipv6.contains(ip("::"))).isTrue();
        assertThat(ipv6.contains(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(ipv6.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void theFullLengthIsOneAddress() {
        var networks = Networks.parse("203.0.113.9/32, 2001:db8::9/128");
        assertThat(networks.contains(ip("203.0.113.9"))).isTrue();
        assertThat(networks.contains(ip("203.0.113.8"))).isFalse();
        assertThat(networks.contains(ip("203.0.113.10"))).isFalse();
        assertThat(networks.contains(ip("2001:db8::9"))).isTrue();
        assertThat(networks.contains(ip("2001:db8::8"))).isFalse();
        assertThat(networks).isEqualTo(Networks.parse("203.0.113.9, 2001:DB8:0::9"));
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4Address() {
        assertThat(Networks.LOOPBACK.contains(ip("::ffff:127.0.0.1"))).isTrue();
        assertThat(Networks.text(Networks.address("::ffff:203.0.113.4").orElseThrow())).isEqualTo("203.0.113.4");
    }

    @Test
    void theLoopbackProxyIsAllOf127AndIpv6Loopback() {
        assertThat(Networks.LOOPBACK).hasToString("127.0.0.0/8, ::1/128");
        assertThat(Networks.LOOPBACK.contains(ip("127.255.255.255"))).isTrue();
        assertThat(Networks.LOOPBACK.contains(ip("128.0.0.0"))).isFalse();
        assertThat(Networks.NONE.contains(ip("127.0.0.1"))).isFalse();
        assertThat(Networks.NONE.isEmpty()).isTrue();
    }

    @Test
    void aUnionHoldsBoth() {
        var both = Networks.LOOPBACK.and(Networks.parse("10.1.2.3, ::1"));
        assertThat(both).hasToString("127.0.0.0/8, ::1/128, 10.1.2.3/32");
        assertThat(both.contains(ip("10.1.2.3"))).isTrue();
        assertThat(both.contains(ip("127.0.0.1"))).isTrue();
    }

    @Test
    void spacesAndEmptyEntriesAreIgnored() {
        assertThat(Networks.parse(" 10.0.0.0/8 ,, fd00::/8, ")).hasToString("10.0.0.0/8, fd00::/8");
        assertThat(Networks.parse("").isEmpty()).isTrue();
    }

    @Test
    void whatIsNoAddressOrRangeIsRefusedByName() {
        for (String bad : new String[] {"foo", "localhost", "proxy.example.org", "10.0.0", "10.0.0.256", "10.0.0.1.2", "010.0.0.1",
                "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/8/8", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "[::1]", "[::1]/128", "::g",
                "0x7f.0.0.1", "2130706433", "10.0.0.1:8080"}) {
            assertThatThrownBy(() -> Networks.parse("10.0.0.0/8, " + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not an address or CIDR range: " + bad);
        }
    }

    @Test
    void aPrefixTooLongForItsFamilyIsRefused() {
        assertThatThrownBy(() -> Networks.parse("foo")).hasMessage("not an address or CIDR range: foo");
        assertThatThrownBy(() -> Networks.parse("10.0.0.0/33"))
                .hasMessage("not an address or CIDR range: 10.0.0.0/33 (the prefix length goes from 0 to 32)");
        assertThatThrownBy(() -> Networks.parse("fd00::/129"))
                .hasMessage("not an address or CIDR range: fd00::/129 (the prefix length goes from 0 to 128)");
    }

    @Test
    void aRangeWithBitsSetAfterItsPrefixIsRefusedWithTheRangeMeant() {
        assertThatThrownBy(() -> Networks.parse("192.168.1.7/24"))
                .hasMessage("not an address or CIDR range: 192.168.1.7/24 (bits are set after the first 24; did you mean 192.168.1.0/24?)");
        assertThatThrownBy(() -> Networks.parse("fd12:3456::1/16"))
                .hasMessage("not an address or CIDR range: fd12:3456::1/16 (bits are set after the first 16; did you mean fd12::/16?)");
    }

    @Test
    void addressesAreReadOnlyAsLiterals() {
        assertThat(Networks.address("localhost")).isEmpty();
        assertThat(Networks.address("unknown")).isEmpty();
        assertThat(Networks.address("")).isEmpty();
        assertThat(Networks.address("[]")).isEmpty();
        assertThat(Networks.address("[2001:db8::1]")).contains(ip("2001:db8::1"));
        assertThat(Networks.address("203.0.113.4")).contains(ip("203.0.113.4"));
    }

    @Test
    void ipv6IsWrittenInTheShortFormOfRfc5952() {
        assertThat(text("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(text("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(text("1:0:0:2:0:0:0:3")).isEqualTo("1:0:0:2::3");
        assertThat(text("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    private static String text(String literal) {
        return Networks.text(ip(literal));
    }

    private static InetAddress ip(String literal) {
        return Networks.address(literal).orElseThrow(() -> new AssertionError("not an address: " + literal));
    }
}
