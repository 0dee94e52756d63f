"""Trading signals (L2): moving averages, crossovers, momentum, mean reversion, statistical
arbitrage and volatility scaling, computed causally from prices (pandas in and out)."""

__all__: list[str] = []
