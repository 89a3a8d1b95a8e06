"""``python -m map_layers``: see :mod:`map_layers.cli`."""

import sys

from map_layers.cli import main

sys.exit(main())
