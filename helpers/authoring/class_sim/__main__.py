"""`python -m helpers.authoring.class_sim` (make class-sim): run the simulation, exit 1 on a failure."""

import sys

from helpers.authoring.class_sim.run import main

sys.exit(main())
