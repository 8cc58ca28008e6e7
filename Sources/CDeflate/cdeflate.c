#include "cdeflate.h"
