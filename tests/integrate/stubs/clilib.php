<?php
// tests/integrate: Moodle's clilib.php is not needed by the stand-ins (adminlib.php has them).
