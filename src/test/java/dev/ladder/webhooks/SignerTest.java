package dev.ladder.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures, against the specification's own example. */
class SignerTest {

    @Test
    void theSignatureIsStandardWebhooksV1() {
        // the example of the Standard Webhooks specification (spec/standard-webhooks.md, "Signature scheme")
        Signer signer = new Signer("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretWithoutThePrefixOrWithBadBase64IsRefused() {
        assertThatThrownBy(() -> new Signer("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).hasMessage("must start with whsec_");
        assertThatThrownBy(() -> new Signer("whsec_***")).hasMessage("the part after whsec_ must be base64");
    }
}
