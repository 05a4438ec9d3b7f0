package loquet.account;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Turns an uploaded picture into the avatar kept: the type is told by the file's first
 * bytes (never its name or the browser's header), and a fresh square thumbnail is encoded,
 * so nothing of the original file (metadata, trailing data) survives.
 *
 * <p>A few hundred compressed bytes can declare an image of hundreds of megabytes, so
 * the size in pixels and the bits per channel are read from the header and checked before
 * any decoding; the decode itself skips rows and columns (subsampling) so the raster held
 * stays a few megabytes whatever the picture; and only a few decodes run at once, so
 * many uploads together cannot add up to more.
 */
final class AvatarImages {

    static final long MAX_BYTES = 2 * 1024 * 1024;
    static final int SIZE = 256;
    static final int MAX_SIDE = 4096;
    static final int MAX_MEGAPIXELS = 16;

    sealed interface Result {
        record Thumbnail(byte[] image, String contentType) implements Result {
        }

        /** Not a PNG, JPEG or WebP picture that can be read. */
        record NotAnImage() implements Result {
        }

        record TooLarge() implements Result {
        }

        /** More than {@link #MAX_MEGAPIXELS} or {@link #MAX_SIDE} on a side, as its header says. */
        record TooManyPixels() implements Result {
        }

        /** More than 8 bits per channel. */
        record TooDeep() implements Result {
        }

        /** Every decode slot stayed taken for the whole wait. */
        record Busy() implements Result {
        }
    }

    private final Semaphore decodes;
    private final Duration wait;

    AvatarImages(int decodesAtOnce, Duration wait) {
        this.decodes = new Semaphore(decodesAtOnce);
        this.wait = wait;
    }

    Result thumbnail(byte[] upload) {
        if (upload.length > MAX_BYTES) {
            return new Result.TooLarge();
        }
        if (!isPng(upload) && !isJpeg(upload) && !isWebp(upload)) {
            return new Result.NotAnImage();
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            var readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return new Result.NotAnImage();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return thumbnail(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException broken) {
            // Truncated or corrupt data behind valid first bytes.
            return new Result.NotAnImage();
        }
    }

    private Result thumbnail(ImageReader reader) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_MEGAPIXELS * 1_000_000L) {
            return new Result.TooManyPixels();
        }
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            return new Result.NotAnImage();
        }
        for (int band = 0; band < type.getNumBands(); band++) {
            // 16 bits a channel doubles the decoded raster, for a thumbnail kept in 8.
            if (type.getBitsPerBand(band) > 8) {
                return new Result.TooDeep();
            }
        }
        // The avatar is the centred square of the short side: keeping every n-th pixel so that
        // side stays between 2 and 4 times the thumbnail's still gives it full detail, and
        // holds the raster to about 4 megapixels (1023 × 4096) at worst.
        int step = Math.max(1, Math.min(width, height) / (2 * SIZE));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        if (!acquireDecode()) {
            return new Result.Busy();
        }
        try {
            return square(reader.read(0, param));
        } finally {
            decodes.release();
        }
    }

    private boolean acquireDecode() {
        try {
            return decodes.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Result square(BufferedImage image) throws IOException {
        boolean transparent = image.getColorModel().hasAlpha();
        BufferedImage square = Thumbnails.of(image)
                .crop(Positions.CENTER)
                .size(SIZE, SIZE)
                .imageType(transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB)
                .asBufferedImage();
        var out = new ByteArrayOutputStream();
        String format = transparent ? "png" : "jpg";
        if (!ImageIO.write(square, format, out)) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return new Result.Thumbnail(out.toByteArray(), transparent ? "image/png" : "image/jpeg");
    }

    private static boolean isPng(byte[] b) {
        return startsWith(b, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    private static boolean isJpeg(byte[] b) {
        return startsWith(b, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
    }

    private static boolean isWebp(byte[] b) {
        return b.length > 12 && startsWith(b, new byte[] {'R', 'I', 'F', 'F'})
                && Arrays.equals(Arrays.copyOfRange(b, 8, 12), new byte[] {'W', 'E', 'B', 'P'});
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
    }

}
