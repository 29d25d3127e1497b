"""A local package index for install tests: small stand-in wheels named like the real ones
(torch-2.4.1+cu124-cp311-cp311-linux_x86_64.whl, flash_attn-2.6.3+cu123torch2.4cxx11abiFALSE-...),
served as PEP 503 simple indexes on 127.0.0.1."""
