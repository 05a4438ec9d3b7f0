package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import loquet.config.Networks;
import org.junit.jupiter.api.Test;

/** The walk through X-Forwarded-For and the reading of X-Forwarded-Proto, as ClientInfo does them for a request. */
class ClientInfoTest {

    private final ClientInfo client = new ClientInfo(Networks.parse("127.0.0.1, 10.8.0.0/16, fd00::/8"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
        assertThat(client.ip("203.0.113.1", List.of("198.51.100.1"))).isEqualTo("203.0.113.1");
        assertThat(client.ip("10.9.0.1", List.of("198.51.100.1"))).isEqualTo("10.9.0.1");
    }

    @Test
    void aTrustedPeerWithoutAHeaderIsTheClient() {
        assertThat(client.ip("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void trustedHopsAreSkippedFromTheRightAndWhatIsLeftOfTheClientIsNotRead() {
        assertThat(client.ip("127.0.0.1", List.of("192.0.2.66, 203.0.113.5, 10.8.3.4, 10.8.0.1"))).isEqualTo("203.0.113.5");
        assertThat(client.ip("127.0.0.1", List.of("192.0.2.66, 203.0.113.5", "10.8.3.4"))).isEqualTo("203.0.113.5");
        assertThat(client.ip("127.0.0.1", List.of("garbage, 203.0.113.5"))).isEqualTo("203.0.113.5");
    }

    @Test
    void aChainOfOnlyTrustedProxiesEndsAtItsFirstEntry() {
        assertThat(client.ip("127.0.0.1", List.of("10.8.0.7, 10.8.0.1"))).isEqualTo("10.8.0.7");
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalkAtTheLastGoodOne() {
        assertThat(client.ip("127.0.0.1", List.of("203.0.113.5, unknown, 10.8.3.4"))).isEqualTo("10.8.3.4");
        assertThat(client.ip("127.0.0.1", List.of("203.0.113.5, proxy.example.org"))).isEqualTo("127.0.0.1");
        assertThat(client.ip("127.0.0.1", List.of("203.0.113.5:4711"))).isEqualTo("127.0.0.1");
        assertThat(client.ip("127.0.0.1", List.of("203.0.113.5,"))).isEqualTo("127.0.0.1");
        assertThat(client.ip("127.0.0.1", List.of(""))).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6PeersAndEntriesAreWrittenInTheirShortForm() {
        assertThat(client.ip("[fd00:0:0:0:0:0:0:5]", List.of("2001:DB8:0:0:0:0:0:7"))).isEqualTo("2001:db8::7");
        assertThat(client.ip("[fd00:0:0:0:0:0:0:5%eth0]", List.of("[2001:db8::8]"))).isEqualTo("2001:db8::8");
        assertThat(client.ip("[2001:db8:0:0:0:0:0:9]", List.of("198.51.100.1"))).isEqualTo("2001:db8::9");
        assertThat(client.ip("127.0.0.1", List.of("::ffff:203.0.113.5"))).isEqualTo("203.0.113.5");
    }

    @Test
    void httpsIsBelievedFromATrustedPeerOnly() {
        assertThat(client.https("127.0.0.1", List.of("https"))).isTrue();
        assertThat(client.https("[fd00:0:0:0:0:0:0:5]", List.of("HTTPS"))).isTrue();
        assertThat(client.https("203.0.113.1", List.of("https"))).isFalse();
        assertThat(client.https("127.0.0.1", List.of("http"))).isFalse();
        assertThat(client.https("127.0.0.1", List.of())).isFalse();
    }

    @Test
    void theProtocolIsTheOneTheTrustedPeerSetLast() {
        assertThat(client.https("127.0.0.1", List.of("https", "http"))).isFalse();
        assertThat(client.https("127.0.0.1", List.of("http, https"))).isTrue();
    }
}
