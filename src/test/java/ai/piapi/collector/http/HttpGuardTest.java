package ai.piapi.collector.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpGuardTest {

    @Test
    void letsEveryoneInWithoutAToken() {
        assertThatCode(() -> new HttpGuard("").checkToken(null)).doesNotThrowAnyException();
        assertThatCode(() -> new HttpGuard(null).checkToken("Bearer x")).doesNotThrowAnyException();
    }

    @Test
    void wantsTheExactBearerToken() {
        HttpGuard guard = new HttpGuard("t0ken");

        assertThatCode(() -> guard.checkToken("Bearer t0ken")).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkToken("bearer  t0ken ")).doesNotThrowAnyException();
        for (String wrong : new String[] {null, "", "t0ken", "Basic t0ken", "Bearer", "Bearer t0ke", "Bearer T0KEN"}) {
            assertThatThrownBy(() -> guard.checkToken(wrong)).as(String.valueOf(wrong))
                    .isInstanceOf(RequestRefused.class).hasMessageNotContaining("t0ken");
        }
    }
}
