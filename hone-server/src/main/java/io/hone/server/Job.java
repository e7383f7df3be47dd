package io.hone.server;

import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One generation request between its connection's virtual thread and the compute thread. The compute thread only
 * ever adds to {@link #events} (unbounded, at most one piece per token), so a client that stops reading holds up
 * nobody but its own thread; the connection thread takes the events, by the request's deadline.
 */
final class Job implements Scheduler.Item, Generator.TokenListener {
    /** What the compute thread tells the connection thread: text as shown, then the result or a failure. */
    sealed interface Event {}

    record Piece(String text) implements Event {}

    record Done(Generation.Result result) implements Event {}

    record Failed(ApiError error) implements Event {}

    final int adapter;
    final int[] ids;
    final SamplingConfig sampling;
    final long deadline;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Scheduler scheduler;
    private volatile boolean cancelled;
    private volatile boolean ended;
    private TextGenerator.TextStream text; // the compute thread's

    Job(Scheduler scheduler, int adapter, int[] ids, SamplingConfig sampling, long deadline) {
        this.scheduler = scheduler;
        this.adapter = adapter;
        this.ids = ids;
        this.sampling = sampling;
        this.deadline = deadline;
    }

    /** The generator's request, made when the job joins the batch (on the compute thread). */
    Generator.Request request(TextGenerator generator) {
        text = generator.textStream(ids, sampling, piece -> events.add(new Piece(piece)));
        return new Generator.Request(ids, sampling, this, adapter);
    }

    @Override
    public boolean onToken(int id) {
        return !cancelled && text.onToken(id);
    }

    @Override
    public synchronized void finished(Generator.Result r) {
        if (cancelled) {
            ended = true;
            return;
        }
        String shown = text.finish();
        // the EOS token was sampled, so it counts as generated (as OpenAI and vLLM count it), though it is not text
        int completion = r.newTokens().length + (r.reason() == Generator.StopReason.EOS ? 1 : 0);
        events.add(new Done(new Generation.Result(shown, r.newTokens(), Generation.finishReason(r.reason()), ids.length, completion)));
        ended = true;
    }

    /** Ends the job with an error its connection thread reports (the server stops, the batch failed). */
    synchronized void fail(ApiError error) {
        if (ended) return;
        cancelled = true;
        ended = true;
        events.add(new Failed(error));
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean ended() {
        return ended;
    }

    /** The client is gone or out of time: a waiting job leaves the queue, a running one leaves the batch at its next token. */
    void cancel() {
        cancelled = true;
        scheduler.remove(this);
    }

    /**
     * The next event; past the deadline the job is cancelled and a 504 thrown, and an interrupt (the server stops)
     * cancels it with a 503.
     */
    Event next() {
        try {
            Event e;
            if (deadline == Long.MAX_VALUE) e = events.take();
            else e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                cancel();
                throw ApiError.timeout(scheduler.limits().requestTimeout());
            }
            if (e instanceof Failed(ApiError error)) throw error;
            return e;
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("the server is shutting down");
        }
    }

    /** Waits for the whole result (pieces skipped). */
    Generation.Result result() {
        while (true) {
            if (next() instanceof Done(Generation.Result r)) return r;
        }
    }
}
