<?php
// Placeholder: a real site keeps config.php at its top level.
