package dev.seqae.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only: records every HTTP exchange of every server the tests start, as the bytes crossed the
 * wire (method, URI, headers and body of the request; status, headers and body of the answer),
 * just after Netty's HTTP codec — what a proxy such as Prism sees. {@link ContractCheck} validates
 * them against the published OpenAPI document.
 */
@Singleton
@Requires(env = "test")
public class ContractRecorder implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    /** One request and its answer. */
    public record Exchange(String method, String uri, Map<String, List<String>> requestHeaders, byte[] requestBody,
                           int status, Map<String, List<String>> responseHeaders, byte[] responseBody) {
        public String header(Map<String, List<String>> headers, String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private static final List<Exchange> RECORDED = new ArrayList<>();
    /** Bodies beyond this are recorded cut short (and not validated). */
    static final int MAX_BODY = 4 << 20;

    /** Everything recorded since the last call, and forgets it. */
    public static synchronized List<Exchange> drain() {
        List<Exchange> out = new ArrayList<>(RECORDED);
        RECORDED.clear();
        return out;
    }

    static synchronized void add(Exchange e) {
        RECORDED.add(e);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        AfterHttpCodec.install(event.getBean(), "seqae-contract", Recorder::new);
        return event.getBean();
    }

    private static final class Partial {
        String method;
        String uri;
        Map<String, List<String>> headers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
    }

    private static final class Recorder extends ChannelDuplexHandler {
        private final Deque<Partial> requests = new ArrayDeque<>();
        private Partial reading;
        private int status;
        private Map<String, List<String>> responseHeaders;
        private ByteArrayOutputStream responseBody;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest r) {
                reading = new Partial();
                reading.method = r.method().name();
                reading.uri = r.uri();
                reading.headers = headers(r.headers());
                requests.add(reading);
            }
            if (msg instanceof HttpContent c && reading != null) {
                copy(c.content(), reading.body);
                if (msg instanceof LastHttpContent) {
                    reading.complete = true;
                }
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                responseHeaders = headers(r.headers());
                responseBody = new ByteArrayOutputStream();
            }
            if (msg instanceof HttpContent c && responseBody != null) {
                copy(c.content(), responseBody);
                if (msg instanceof LastHttpContent) {
                    Partial req = requests.poll();
                    if (req != null && status != 100) {
                        add(new Exchange(req.method, req.uri, req.headers, req.body.toByteArray(), status,
                                responseHeaders, responseBody.toByteArray()));
                    }
                    responseBody = null;
                }
            }
            super.write(ctx, msg, promise);
        }

        private static void copy(ByteBuf b, ByteArrayOutputStream out) {
            int n = b.readableBytes();
            if (out.size() + n > MAX_BODY) {
                n = Math.max(0, MAX_BODY - out.size());
            }
            byte[] bytes = new byte[n];
            b.getBytes(b.readerIndex(), bytes);
            out.write(bytes, 0, n);
        }

        private static Map<String, List<String>> headers(HttpHeaders h) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String name : h.names()) {
                out.put(name, h.getAll(name));
            }
            return out;
        }
    }
}
