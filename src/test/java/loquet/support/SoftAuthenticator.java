package loquet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import loquet.web.JsonMapper;

/**
 * A passkey authenticator in the test itself (ES256, "none" attestation), for HTTP tests of
 * the ceremonies without a browser: it answers Loquet's options as a browser and its
 * authenticator would, and can be made to lie (another origin, a counter gone backwards).
 * The browser journeys use Chromium's own virtual authenticator instead.
 */
public final class SoftAuthenticator {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectConverter CONVERTER = new ObjectConverter();

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private byte[] userHandle;
    private String rpId;
    /** The signature counter the next assertion carries (then one more); 0 stays 0, as for authenticators without one. */
    public long counter = 1;
    /** Whether the authenticator says it verified its user (PIN, fingerprint). */
    public boolean userVerified = true;

    public SoftAuthenticator() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /** RegistrationResponseJSON for these creation options, as made on this origin. */
    public Map<String, Object> register(JsonNode options, String origin) {
        rpId = options.get("rp").get("id").asText();
        userHandle = Base64.getUrlDecoder().decode(options.get("user").get("id").asText());
        String clientData = clientData("webauthn.create", options.get("challenge").asText(), origin);
        var attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        var data = new AuthenticatorData<RegistrationExtensionAuthenticatorOutput>(sha256(rpId.getBytes(StandardCharsets.UTF_8)),
                (byte) (flags() | 0x40), counter, attested);
        if (counter > 0) {
            counter++;
        }
        byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        return Map.of("id", credentialId(), "rawId", credentialId(), "type", "public-key", "clientExtensionResults", Map.of(),
                "response", Map.of("clientDataJSON", B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)),
                        "attestationObject", B64.encodeToString(attestation), "transports", java.util.List.of("internal")));
    }

    /** AuthenticationResponseJSON for these request options, as signed on this origin. */
    public Map<String, Object> assertFor(JsonNode options, String origin) {
        String clientData = clientData("webauthn.get", options.get("challenge").asText(), origin);
        byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER).convert(
                new AuthenticatorData<>(sha256(options.get("rpId").asText().getBytes(StandardCharsets.UTF_8)), (byte) flags(), counter));
        if (counter > 0) {
            counter++;
        }
        byte[] clientDataBytes = clientData.getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[authenticatorData.length + 32];
        System.arraycopy(authenticatorData, 0, signed, 0, authenticatorData.length);
        System.arraycopy(sha256(clientDataBytes), 0, signed, authenticatorData.length, 32);
        try {
            var signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(signed);
            return Map.of("id", credentialId(), "rawId", credentialId(), "type", "public-key", "clientExtensionResults", Map.of(),
                    "response", Map.of("clientDataJSON", B64.encodeToString(clientDataBytes),
                            "authenticatorData", B64.encodeToString(authenticatorData),
                            "signature", B64.encodeToString(signature.sign()),
                            "userHandle", B64.encodeToString(userHandle)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private int flags() {
        return 0x01 | (userVerified ? 0x04 : 0);
    }

    private static String clientData(String type, String challenge, String origin) {
        return JsonMapper.write(Map.of("type", type, "challenge", challenge, "origin", origin, "crossOrigin", false));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
