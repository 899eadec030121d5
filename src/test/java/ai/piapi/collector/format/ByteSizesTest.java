package ai.piapi.collector.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
    @Test
    void readsPlainBytesAndDecimalAndBinaryUnits() {
        assertThat(ByteSizes.parse("1234")).isEqualTo(1234);
        assertThat(ByteSizes.parse("10b")).isEqualTo(10);
        assertThat(ByteSizes.parse("500KB")).isEqualTo(500_000);
        assertThat(ByteSizes.parse("2 KiB")).isEqualTo(2048);
        assertThat(ByteSizes.parse("200MiB")).isEqualTo(200L * 1024 * 1024);
        assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(ByteSizes.parse("3gb")).isEqualTo(3_000_000_000L);
        assertThat(ByteSizes.parse("1TiB")).isEqualTo(1L << 40);
    }

    @Test
    void refusesWhatIsNotASize() {
        assertThatThrownBy(() -> ByteSizes.parse("2 GB of it")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSizes.parse("-1")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSizes.parse("")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSizes.parse("99999999999TiB")).hasMessageContaining("too large");
    }

    @Test
    void formatsForPeople() {
        assertThat(ByteSizes.format(512)).isEqualTo("512 B");
        assertThat(ByteSizes.format(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSizes.format(2L * 1024 * 1024 * 1024)).isEqualTo("2.0 GiB");
    }
}
