package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AvatarTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    /** A 1×1 lossless WebP picture. */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    static WebClient signedIn(String username) {
        var client = app.client().from("10.71.0.1");
        client.signIn(username, TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    static byte[] picture(String format, int width, int height) throws Exception {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /**
     * A PNG written by hand, so its header can declare what it likes: {@code scanlines} is
     * the raw image data (a filter byte before each row), which may be far shorter than
     * the header promises.
     */
    static byte[] png(int width, int height, int bitDepth, int colourType, byte[] scanlines) {
        var ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        var deflater = new Deflater();
        deflater.setInput(scanlines);
        deflater.finish();
        byte[] zlib = new byte[scanlines.length + 64];
        zlib = java.util.Arrays.copyOf(zlib, deflater.deflate(zlib));
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", zlib);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        var crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Under a hundred bytes that declare 8000×8000 pixels of 16-bit RGBA: about 500 MB once decoded. */
    static byte[] decompressionBomb() {
        return png(8000, 8000, 16, 6, new byte[64]);
    }

    @Test
    void aPictureBecomesASquareThumbnailWithoutItsMetadata() throws Exception {
        User user = app.createUser("yara");
        var client = signedIn("yara");
        byte[] jpeg = picture("jpg", 640, 400);
        // An Exif segment right after the start marker, as cameras write it.
        byte[] exif = "Exif\0\0GPS 48.8584 N 2.2945 E secret".getBytes(StandardCharsets.ISO_8859_1);
        var withExif = new ByteArrayOutputStream();
        withExif.write(jpeg, 0, 2);
        withExif.write(new byte[] {(byte) 0xff, (byte) 0xe1, 0, (byte) (exif.length + 2)});
        withExif.write(exif);
        withExif.write(jpeg, 2, jpeg.length - 2);

        var answer = client.postFile("/profile/avatar", "avatar", "holiday.jpg", "image/jpeg", withExif.toByteArray());
        assertThat(answer.status()).isEqualTo(303);

        String src = client.get("/profile").html().select("img.avatar").attr("src");
        assertThat(src).startsWith("/avatars/" + user.id() + "?v=");
        var image = client.getBytes(src);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/jpeg");
        assertThat(image.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000");
        var thumbnail = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(256);
        assertThat(new String(image.body(), StandardCharsets.ISO_8859_1)).doesNotContain("secret").doesNotContain("Exif");
    }

    @Test
    void pngAndWebpAreAccepted() throws Exception {
        app.createUser("zeno");
        var client = signedIn("zeno");
        assertThat(client.postFile("/profile/avatar", "avatar", "a.png", "image/png", picture("png", 300, 300)).status()).isEqualTo(303);
        client.get("/profile");
        assertThat(client.postFile("/profile/avatar", "avatar", "a.webp", "image/webp", WEBP).status()).isEqualTo(303);
    }

    @Test
    void aTextFileRenamedPngIsRefusedWithAClearMessage() {
        app.createUser("agnes");
        var client = signedIn("agnes");

        var answer = client.postFile("/profile/avatar", "avatar", "photo.png", "image/png",
                "just some text, not a picture".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#avatar-error").text()).isEqualTo("This file is not a PNG, JPEG or WebP picture that can be read.");
    }

    @Test
    void aPictureWithPngBytesButBrokenInsideIsRefused() throws Exception {
        app.createUser("boris");
        var client = signedIn("boris");
        byte[] png = picture("png", 50, 50);
        byte[] truncated = java.util.Arrays.copyOf(png, 40);

        var answer = client.postFile("/profile/avatar", "avatar", "broken.png", "image/png", truncated);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#avatar-error").text()).startsWith("This file is not");
    }

    @Test
    void aFiveMegabyteFileIsRefusedWithAClearMessage() {
        app.createUser("clara");
        var client = signedIn("clara");
        byte[] big = new byte[5 * 1024 * 1024];
        big[0] = (byte) 0x89;

        var answer = client.postFile("/profile/avatar", "avatar", "huge.png", "image/png", big);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#avatar-error").text()).isEqualTo("This file is larger than 2 MB; choose a smaller picture.");
    }

    @Test
    void removingThePictureBringsBackTheInitials() throws Exception {
        User user = app.createUser("dora");
        var client = signedIn("dora");
        client.postFile("/profile/avatar", "avatar", "a.png", "image/png", picture("png", 64, 64));
        client.get("/profile");

        assertThat(client.post("/profile/avatar/delete", Map.of()).status()).isEqualTo(303);

        String src = client.get("/profile").html().select("img.avatar").attr("src");
        var image = client.getBytes(src);
        assertThat(image.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(new String(image.body(), StandardCharsets.UTF_8)).contains(">FL</text>");
        assertThat(user.initials()).isEqualTo("FL");
    }

    @Test
    void someoneElsesPictureIsNotShownToAPlainUser() {
        User other = app.createUser("fritz");
        User self = app.createUser("greta");
        var client = signedIn("greta");
        assertThat(client.getBytes("/avatars/" + other.id()).statusCode()).isEqualTo(404);
        assertThat(client.getBytes("/avatars/" + self.id()).statusCode()).isEqualTo(200);
    }

    @Test
    void anUploadWithoutTheFormTokenIsRefused() throws Exception {
        app.createUser("emil");
        var client = app.client().from("10.71.0.2");
        client.signIn("emil", TestApp.PASSWORD);
        // No page seen since signing in: the client only holds the sign-in form's token.
        var answer = client.postFile("/profile/avatar", "avatar", "a.png", "image/png", picture("png", 10, 10));
        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void aPngDeclaringSixtyFourMegapixelsIsRefusedWithAClearMessage() {
        app.createUser("hugo");
        var client = signedIn("hugo");

        var answer = client.postFile("/profile/avatar", "avatar", "bomb.png", "image/png", decompressionBomb());

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#avatar-error").text())
                .isEqualTo("This picture has too many pixels; choose one of at most 16 megapixels and 4096 pixels on a side.");
    }

    @Test
    void aSixteenBitPngIsRefusedWithAClearMessage() {
        app.createUser("ines");
        var client = signedIn("ines");
        // 4×4 RGBA at 16 bits per channel: each row is a filter byte and 4 × 8 bytes.
        byte[] rows = new byte[4 * (1 + 4 * 8)];
        java.util.Arrays.fill(rows, (byte) 0x7f);
        for (int row = 0; row < 4; row++) {
            rows[row * 33] = 0;
        }

        var answer = client.postFile("/profile/avatar", "avatar", "deep.png", "image/png", png(4, 4, 16, 6, rows));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#avatar-error").text())
                .isEqualTo("This picture uses 16 bits per colour; save it with 8 bits per colour and try again.");
    }

    @Test
    void anEverydayPhotoOfSixMegapixelsStillBecomesAThumbnail() throws Exception {
        app.createUser("jules");
        var client = signedIn("jules");

        var answer = client.postFile("/profile/avatar", "avatar", "photo.jpg", "image/jpeg", picture("jpg", 3000, 2000));

        assertThat(answer.status()).isEqualTo(303);
        var image = client.getBytes(client.get("/profile").html().select("img.avatar").attr("src"));
        var thumbnail = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(256);
    }
}
