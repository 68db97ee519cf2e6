"""shiftboard: a keyboard-first terminal cockpit for e-commerce customer-service shifts."""

__version__ = "0.1.0"
