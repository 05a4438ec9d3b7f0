package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
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
}
