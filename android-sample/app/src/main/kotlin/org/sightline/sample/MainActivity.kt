package org.sightline.sample

import android.Manifest
import android.content.pm.PackageManager
import android.os.Bundle
import android.view.View
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.result.contract.ActivityResultContracts
import androidx.core.content.ContextCompat

/**
 * The sample's one activity: camera permission, then join (code, link or scanned join QR
 * code) and the live session, which asks the customer's consent before anything is streamed;
 * back to join when it ends, with the reason.
 */
class MainActivity : ComponentActivity() {
    private var session: SessionController? = null
    private var qr: JoinQrScreen? = null
    /** What to do once the camera permission is granted. */
    private var afterPermission: (() -> Unit)? = null

    private val askCamera = registerForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        val next = afterPermission
        afterPermission = null
        if (granted && next != null) next() else showJoin("Sightline needs the camera to show the technician what you see.")
    }

    private val defaultServer: String
        get() = intent?.getStringExtra(EXTRA_SERVER) ?: DEFAULT_SERVER

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val link = intent?.data?.toString()
        val target = link?.let { JoinTarget.parse(it, defaultServer) }
        if (target != null) withCamera { startSession(target) } else showJoin(null)
    }

    override fun onDestroy() {
        leaveScreens()
        super.onDestroy()
    }

    private fun withCamera(next: () -> Unit) {
        if (ContextCompat.checkSelfPermission(this, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED) {
            next()
        } else {
            afterPermission = next
            askCamera.launch(Manifest.permission.CAMERA)
        }
    }

    private fun showJoin(message: String?) {
        show(JoinScreen(this, defaultServer, message, onJoin = { target -> withCamera { startSession(target) } }, onScan = { withCamera { showScanner() } }))
    }

    private fun showScanner() {
        val screen = JoinQrScreen(this, this, defaultServer, onFound = { target -> startSession(target) }, onCancel = { showJoin(null) })
        show(screen)
        qr = screen
        screen.start()
    }

    private fun startSession(target: JoinTarget) {
        lateinit var controller: SessionController
        val screen = SessionScreen(
            this,
            onSend = { text -> controller.send(text) },
            onPause = { paused -> controller.pause(paused) },
            onEnd = { controller.end() },
        )
        show(screen)
        window.addFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
        controller = SessionController(this, this, screen, onEnded = { message ->
            session = null
            window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
            showJoin(message)
        })
        session = controller
        controller.join(target)
    }

    /** Replaces the screen, stopping what the previous one ran. */
    private fun show(view: View) {
        leaveScreens()
        setContentView(view)
    }

    private fun leaveScreens() {
        qr?.stop()
        qr = null
        session?.close()
        session = null
    }

    companion object {
        /** An intent extra naming the server that bare codes join (the link carries its own). */
        const val EXTRA_SERVER = "org.sightline.sample.SERVER"
        const val DEFAULT_SERVER = "https://help.example.org"
    }
}
