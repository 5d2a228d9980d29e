package dev.plinth.platform.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the console's single page. The console is static HTML, CSS and JavaScript modules under
 * {@code static/console/} (no build step), routed in the browser by the URL fragment.
 */
@Controller
class ConsolePageController {

    @GetMapping("/console")
    String console() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String index() {
        return "forward:/console/index.html";
    }
}
