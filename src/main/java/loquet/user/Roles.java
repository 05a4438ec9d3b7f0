package loquet.user;

/** The built-in roles, created by the first migration with these ids. */
public final class Roles {
    public static final long ADMIN = 1;
    public static final long MANAGER = 2;
    public static final long USER = 3;

    private Roles() {
    }
}
