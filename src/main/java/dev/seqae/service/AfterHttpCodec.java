package dev.seqae.service;

import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.util.function.Supplier;

/**
 * A handler placed right after Netty's HTTP codec on every HTTP/1.1 connection, where it sees the
 * decoded requests and the answers as objects ({@link BodyDecoding}'s watch; the tests' recorder).
 */
public record AfterHttpCodec(Channel channel, String name, Supplier<ChannelHandler> handler)
        implements NettyServerCustomizer {

    /** Registers {@code handler} (a new one per connection) under {@code name}. */
    public static void install(NettyServerCustomizer.Registry registry, String name,
                               Supplier<ChannelHandler> handler) {
        registry.register(new AfterHttpCodec(null, name, handler));
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel c, ChannelRole role) {
        return new AfterHttpCodec(c, name, handler);
    }

    @Override
    public void onStreamPipelineBuilt() {
        if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, name, handler.get());
        }
    }
}
