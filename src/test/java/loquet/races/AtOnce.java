package loquet.races;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Fires requests at the same moment: every thread is started and waits at one gate, so the
 * requests reach the server together rather than one after another.
 */
final class AtOnce {

    private AtOnce() {
    }

    /** Runs {@code count} calls at once, one thread each; returns their results in order. */
    static <T> List<T> run(int count, IntFunction<Callable<T>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            var ready = new CountDownLatch(count);
            var gate = new CountDownLatch(1);
            List<Future<T>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> one = call.apply(i);
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    return one.call();
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            gate.countDown();
            List<T> results = new ArrayList<>();
            for (var answer : answers) {
                results.add(answer.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many of these statuses are this one. */
    static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }
}
