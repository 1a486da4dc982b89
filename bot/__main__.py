"""`python -m bot` is the `nhacviec` command."""

import sys

from bot.cli import main

sys.exit(main())
