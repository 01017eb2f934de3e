"""Entry point of coldbench's Python runtime, as /var/runtime/bootstrap is
Lambda's: `python3 -B bootstrap.py <module.function>`.

Python compiles a script from source at every start, but reads an imported
module from its cached bytecode: the runtime client is a module, so a cold
start does not pay for compiling it (a few milliseconds). The service's
interpreter probe (../python.ts) writes that bytecode once per interpreter;
without it the module is compiled as a script would be.
"""

import sys

import runtime_client

sys.exit(runtime_client.main(sys.argv))
