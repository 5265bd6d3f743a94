"""The wijk side: wijken, follows, posts, threads, reactions, RSVPs, feeds, live rooms."""
