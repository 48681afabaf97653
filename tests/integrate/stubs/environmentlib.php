<?php
// tests/integrate: Moodle's environmentlib.php is not needed by the stand-ins (adminlib.php has them).
