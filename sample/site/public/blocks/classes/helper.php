<?php
// Not a plugin: 'classes' is an ignored folder name.
