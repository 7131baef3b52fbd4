package dev.seqae.service;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.AttributeKey;
import jakarta.inject.Singleton;

/**
 * A body whose transfer encoding is broken — a chunk size that is not a hexadecimal number, a
 * chunk line too long — reaches the controllers cut short (empty, or truncated JSON), so their
 * answer would blame the content ("the request body is empty", "malformed JSON at column 6").
 * Netty marks the chunk it could not decode; a handler right after the HTTP decoder records that
 * on the connection, and a response filter answers such a request with a 400 that names the
 * encoding instead, whatever the controller said. The connection is closed after it (Netty reads
 * nothing more from it).
 */
@ServerFilter("/**")
public class BodyDecoding {
    static final AttributeKey<String> FAILURE = AttributeKey.valueOf("seqae.body-decoding-failure");

    /** Replaces the answer to a request whose body could not be decoded. */
    @ResponseFilter
    public HttpResponse<?> answer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request instanceof NettyHttpRequest<?> n) {
            String failure = n.getChannelHandlerContext().channel().attr(FAILURE).getAndSet(null);
            if (failure != null) {
                return Problems.response(request, 400, failure, null).header("Connection", "close");
            }
        }
        return response;
    }

    /** What went wrong, in the client's terms. */
    static String describe(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return "the chunked request body has a chunk line longer than the server reads: send chunk sizes as "
                    + "hexadecimal numbers on their own lines";
        }
        return "the chunked request body is malformed: a chunk size is not a hexadecimal number (each chunk starts "
                + "with its size in hexadecimal, then CRLF)";
    }

    /** Adds the watch to every HTTP/1.1 connection's pipeline. */
    @Singleton
    static class Install implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
        @Override
        public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
            AfterHttpCodec.install(event.getBean(), "seqae-body-decoding", Watch::new);
            return event.getBean();
        }
    }

    private static final class Watch extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpContent c && c.decoderResult().isFailure()) {
                ctx.channel().attr(FAILURE).set(describe(c.decoderResult().cause()));
            }
            ctx.fireChannelRead(msg);
        }
    }
}
