package io.hone.server;

import io.hone.core.generate.Generator;
import io.hone.core.generate.TextGenerator;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The compute thread ("hone-serve-compute"): continuous batching over a bounded queue. Between decode steps it takes
 * waiting requests in arrival order while fewer than {@code maxBatch} run: a generation {@link Job} joins the batch
 * (prefilled with the others joining, then decoded with every running row in one step), other model work (log-prob
 * scoring, a {@link Task}) runs right there. Each job leaves the batch when it stops, its own way (its sampling,
 * stop strings, max_tokens, EOS), when cancelled, or past its deadline.
 *
 * <p>One platform thread computes, the connection threads only wait for it: a forward pass already uses every core
 * (hone-core's kernels), and a virtual thread running one would hold a carrier the others need.
 */
final class Scheduler implements AutoCloseable {
    /** What waits in the queue. */
    sealed interface Item permits Job, Task {}

    /** Model work that is not a generation (log-probs), run on the compute thread between steps. */
    static final class Task<T> implements Item {
        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Task(Supplier<T> work) {
            this.work = work;
        }

        void run() {
            if (result.isDone()) return; // cancelled while waiting
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }
    }

    private final TextGenerator generator;
    private final ServeLimits limits;
    private final BlockingQueue<Item> queue;
    /** Jobs the generator has taken and not finished: failed together if a step throws, cancelled on close. */
    private final Set<Job> active = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;
    private volatile int largestBatch;

    Scheduler(TextGenerator generator, ServeLimits limits) {
        this.generator = generator;
        this.limits = limits;
        this.queue = new LinkedBlockingQueue<>(limits.maxQueue());
        this.thread = new Thread(this::loop, "hone-serve-compute");
        thread.setDaemon(true);
        thread.start();
    }

    ServeLimits limits() {
        return limits;
    }

    /** Queues a job; 429 when the queue is full, 503 once closed. */
    Job submit(int adapter, int[] ids, io.hone.core.generate.SamplingConfig sampling) {
        Job job = new Job(this, adapter, ids, sampling, limits.deadline());
        offer(job);
        return job;
    }

    /** Runs {@code work} on the compute thread between steps, by {@code deadline} (504 after; it is dropped if not started). */
    <T> T run(Supplier<T> work, long deadline) {
        Task<T> task = new Task<>(work);
        offer(task);
        try {
            if (deadline == Long.MAX_VALUE) return task.result.get();
            return task.result.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.result.cancel(false);
            queue.remove(task);
            throw ApiError.timeout(limits.requestTimeout());
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) { // the server stops
            task.result.cancel(false);
            queue.remove(task);
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("the server is shutting down");
        }
    }

    private void offer(Item item) {
        if (closed) throw ApiError.unavailable("the server is shutting down");
        if (!queue.offer(item)) throw ApiError.queueFull(limits.maxQueue());
        if (closed && queue.remove(item)) throw ApiError.unavailable("the server is shutting down"); // raced with close
    }

    void remove(Item item) {
        queue.remove(item);
    }

    /** Requests waiting to join (not those running). */
    int waiting() {
        return queue.size();
    }

    /** The most requests that have run together so far. */
    int largestBatch() {
        return largestBatch;
    }

    /** Requests in the batch now. */
    int running() {
        active.removeIf(Job::ended);
        return active.size();
    }

    private void loop() {
        while (true) {
            try {
                generator.serve(this::next, limits.maxBatch());
                return; // closed
            } catch (RuntimeException | Error e) { // a step failed (out of memory, a bug): its rows fail, the server goes on
                Routes.log("batch step failed", e);
                for (Job j : active) j.fail(ApiError.internal(String.valueOf(e.getMessage())));
                active.clear();
            }
        }
    }

    /** The generator's source: tasks run here, cancelled jobs are dropped, the next job joins. */
    private Generator.Request next(boolean idle) {
        active.removeIf(Job::ended);
        while (true) {
            Item item;
            try {
                item = idle ? queue.poll(100, TimeUnit.MILLISECONDS) : queue.poll();
            } catch (InterruptedException e) {
                item = null;
            }
            if (item == null) {
                if (idle && !closed) continue;
                return null;
            }
            switch (item) {
                case Task<?> t -> t.run();
                case Job j -> {
                    if (j.cancelled()) continue;
                    active.add(j);
                    largestBatch = Math.max(largestBatch, active.size());
                    return j.request(generator);
                }
            }
        }
    }

    /** Fails what waits and what runs (503), then waits for the step in progress to end. */
    @Override
    public void close() {
        closed = true;
        ApiError down = ApiError.unavailable("the server is shutting down");
        for (Item item; (item = queue.poll()) != null; ) {
            switch (item) {
                case Task<?> t -> t.result.completeExceptionally(down);
                case Job j -> j.fail(down);
            }
        }
        for (Job j : active) j.fail(down);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
