package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the HTTP tests cannot see: how much memory a refusal costs, and a full decode queue. */
class AvatarImagesTest {

    @Test
    void aPngDeclaringSixtyFourMegapixelsIsRefusedBeforeAnyDecoding() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        var images = new AvatarImages(2, Duration.ofSeconds(1));
        byte[] bomb = AvatarTest.decompressionBomb();

        long before = threads.getThreadAllocatedBytes(thread);
        var result = images.thumbnail(bomb);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // Decoding would allocate 8000 × 8000 × 8 bytes; reading the header, a few kilobytes.
        assertThat(allocated).as("bytes allocated (result %s)", result).isLessThan(8L * 1024 * 1024);
        assertThat(result).isInstanceOf(AvatarImages.Result.TooManyPixels.class);
    }

    @Test
    void aSmallSixteenBitPngIsRefusedBeforeDecoding() {
        var images = new AvatarImages(0, Duration.ZERO);
        // No decode slot at all: the refusal must come from the header alone.
        assertThat(images.thumbnail(AvatarTest.png(4, 4, 16, 6, new byte[4 * 33])))
                .isInstanceOf(AvatarImages.Result.TooDeep.class);
    }

    @Test
    void aPictureWaitingTooLongForADecodeIsAnsweredBusy() throws Exception {
        var images = new AvatarImages(0, Duration.ofMillis(50));
        assertThat(images.thumbnail(AvatarTest.picture("png", 20, 20))).isInstanceOf(AvatarImages.Result.Busy.class);
    }
}
