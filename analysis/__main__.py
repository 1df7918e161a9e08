"""`python -m analysis …` is `xxgk …`."""

import sys

from analysis.cli import main

sys.exit(main())
