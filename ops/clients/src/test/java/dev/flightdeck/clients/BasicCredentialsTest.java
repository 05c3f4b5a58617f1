package dev.flightdeck.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    @Test
    void shouldEncodeTheHeaderAsRfc7617Says() {
        // The example of RFC 7617, section 2.
        assertThat(new BasicCredentials("Aladdin", "open sesame").authorizationHeader()).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void shouldRefuseAUserWithAColonOrAnEmptyPassword() {
        assertThatThrownBy(() -> new BasicCredentials("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BasicCredentials("ops", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }
}
