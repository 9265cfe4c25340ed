/* demo_dev.c - placeholder, filled below */
#include "base/compat.h"
