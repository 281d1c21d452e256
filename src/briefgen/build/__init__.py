"""Find briefs, plan each build, and run them through the cache and worker processes."""
